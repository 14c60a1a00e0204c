"""Files in and out of a diary: the diary CSV's import preview and export (``diary_csv``), the full backup with
everything kept beside the diary (``backup``), and any file recognised and brought in once (``importing``;
other apps' exports are read by ``diary.sources``).
"""
