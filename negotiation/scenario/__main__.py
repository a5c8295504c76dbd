"""``python -m negotiation.scenario`` prints the published JSON Schema (payoff or scenario file).

Regenerate the published copy with ``python -m negotiation.scenario > payoffs/schema.json``.
"""

import json

from negotiation.scenario.schema import published_schema

print(json.dumps(published_schema(), indent=2, ensure_ascii=False))
