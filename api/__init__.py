"""The HTTP API (v1): serializers, viewsets, filters and permissions over the domain services."""
