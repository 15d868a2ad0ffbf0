"""Tests of the pure statistics package (survey/stats)."""
