"""Annotated bilingual reading editions: the library that build.py drives."""
