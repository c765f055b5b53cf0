"""mchverify: read, validate and cross-check maternal-and-child-health licensing documents."""

__version__ = "0.1.0"
