"""``python -m service`` runs the mythcheck CLI."""

import sys

from service.cli.main import main

sys.exit(main())
