"""The entry: one morning's answers, what each may hold, and what is worked out from them.

``fields`` names the diary's columns (types, allowed values, meaning), ``model`` checks raw values into an
``Entry`` (``parse_entry``: a valid entry or every problem), ``numbers`` reads whole numbers, ``derived`` works out
time in bed, sleep and stiffness, and ``frame`` holds many entries as a typed DataFrame.
"""
