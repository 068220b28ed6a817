"""reportgen: one structured Kazakh source to a print-ready PDF, an editable DOCX and an EPUB 3."""

__version__ = "0.1.0"
