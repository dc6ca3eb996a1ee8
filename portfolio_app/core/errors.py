"""The one error hierarchy. Messages are written for the teacher who will read them."""


class PortfolioError(Exception):
    """Base of every error a user can act on; the ui shows it, the CLI prints it and exits 1."""


class NotFoundError(PortfolioError):
    """A portfolio, credential or evidence item that the caller named does not exist."""


class InvalidInputError(PortfolioError):
    """Input that the user supplied (a title, an argument) is not acceptable."""


class MediaError(InvalidInputError):
    """A file cannot be used as evidence; the message names the file and what is wrong with it."""

    def __init__(self, file_name: str, problem: str):
        self.file_name = file_name
        self.problem = problem
        super().__init__(f"{file_name}: {problem}")


class DefinitionError(PortfolioError):
    """A credential definition file is broken; the message names the file and the field."""

    def __init__(self, source: str, field: str, problem: str):
        self.source = source
        self.field = field
        self.problem = problem
        where = f" at {field}" if field else ""
        super().__init__(f"{source}{where}: {problem}")


class StorageError(PortfolioError):
    """The data directory or the media store cannot be used (disk full, permissions, damage)."""


class Cancelled(PortfolioError):
    """Long work stopped because the user asked it to."""
