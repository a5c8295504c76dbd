"""The ``negotiation`` command: one thin module per sub-command, no analysis logic here."""
