"""Reports store nothing: each one is computed from the program's data when asked for."""
