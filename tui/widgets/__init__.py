"""Reusable widgets and rendering helpers of the terminal UI."""
