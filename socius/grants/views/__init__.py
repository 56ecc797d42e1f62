"""The web layer of this module, one file per audience."""
