import sys

from portfolio_app.cli import main

sys.exit(main())
