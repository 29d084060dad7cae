"""Language utilities several stages share: sentence segmentation and Russian morphology."""
