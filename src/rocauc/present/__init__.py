"""Presentation: plots (Displays), the report model with its text, figures and HTML, and the formatting helpers
they share. It reads evaluations and normalized problems and never calls the input boundary itself. The public
paths are ``rocauc.plot`` and ``rocauc.report``."""
