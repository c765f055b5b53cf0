"""All file, object-store and database I/O."""
