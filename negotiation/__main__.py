"""``python -m negotiation`` runs the command line."""

import sys

from negotiation.cli.main import main

sys.exit(main())
