"""The diary CSV (format version 1): entries written as rows and read back, formulas neutralised (``format``).

What the storage's CSV backend writes and the import and export read; the import preview and the export
themselves are in ``diary.exchange``.
"""
