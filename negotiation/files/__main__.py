"""``python -m negotiation.files`` prints the JSON Schema of payoff format v1.

Regenerate the published copy with ``python -m negotiation.files > payoffs/schema.json``.
"""

from negotiation.files.schema import main

main()
