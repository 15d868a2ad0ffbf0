"""The demo province: units, desks, users and a year of synthetic responses.

The public API; the work is done in the modules of this package:
`plan` (the province from the seed: units, channels, roles, codes, users), `simulate`
(one unit's responses month by month), `writer` (units, channels and users through the ORM,
responses through Core bulk inserts), `build` (`build_demo`: plan, write, simulate, sum up),
`command` (the `flask demo` command) and `names` (the province as data).
"""

from .build import DemoSummary, build_demo
from .command import demo_command
from .plan import DemoUser
from .writer import DemoError

__all__ = ["DemoError", "DemoSummary", "DemoUser", "build_demo", "demo_command"]
