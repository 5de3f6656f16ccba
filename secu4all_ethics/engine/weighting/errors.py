class WeightError(ValueError):
    """Weights that cannot be used; the message says which and why."""
