"""Political bodies: create, rename, order, kind, retire; the councillors on each."""
