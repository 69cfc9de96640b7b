"""Letters and certificates: the office's documents about a participant, rendered to PDF."""
