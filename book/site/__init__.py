"""MkDocs glue: the hook that resolves figure and metric references on pages."""
