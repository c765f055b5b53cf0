"""Processing steps: pure functions or small callables from page to typed result."""
