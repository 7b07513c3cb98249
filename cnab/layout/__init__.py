"""Layouts: strict YAML loading, extends, the compiler's checks, expressions, the registry."""
