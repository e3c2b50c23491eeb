"""PDF documents drawn with reportlab: forms, profiles and reports."""
