"""Alumni who chose to stay in touch, and what the office sends them."""
