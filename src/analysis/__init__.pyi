# For type checkers and editors: the names `import analysis` gives on first use (analysis/__init__.py loads
# analysis.api lazily; a star import in a stub re-exports its __all__).
from analysis.api import *  # noqa: F403

__version__: str
