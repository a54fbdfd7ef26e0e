"""``python -m analysis.publish {build,run,list,status,index}``: the report build's command line
(:mod:`analysis.publish.reports`)."""

import sys

from analysis.publish.reports import main

sys.exit(main())
