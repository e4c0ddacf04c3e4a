"""PCMT: drug prevention and control data system."""
