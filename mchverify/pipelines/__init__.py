"""Orchestration only: the command line and the flows that call extractors and storage."""
