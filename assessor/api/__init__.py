"""The REST API v1: one module per resource, reached under /api/v1/."""
