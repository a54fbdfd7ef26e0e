"""Open analysis of EU-co-financed social-inclusion projects of Polish social welfare centres."""

__version__ = "0.1.0"
