"""The toolkit's exception family: a user error ends a command cleanly with exit status 1."""


class EditionError(Exception):
    """A problem the user can fix (bad configuration, missing file); shown without a traceback."""


class ConfigError(EditionError):
    """The edition's configuration is missing or wrong."""


class BuildError(EditionError):
    """A build stage failed; the previous build output is left untouched."""
