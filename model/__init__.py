"""The middle floor of mythcheck: the trained classifier, its training,
evaluation and artifact. Imports ``claims``, never ``service``."""

from model.artifact import load_classifier
from model.classifier import Classifier

__all__ = ["Classifier", "load_classifier"]
