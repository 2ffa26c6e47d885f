"""Quantization-aware training and export of small CNNs to the hequant model format (.hqm)."""
