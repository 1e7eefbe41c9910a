"""Domain verbs: state tables, guards, permissions and the functions that apply them."""
