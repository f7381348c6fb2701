"""Output writers: HTML site, data exports, PDF. Each takes the loaded edition and a folder."""
