__version__ = "0.0.1"

import warnings as _warnings
# fastai 2.8 calls `torch.jit.script` at import, which current torch answers with a FutureWarning in every notebook
# that imports this package; it is fastai's to fix, and says nothing to a user of texturevae_nb. Only that message is
# silenced.
_warnings.filterwarnings('ignore', message='.*torch.jit.script.*', category=FutureWarning)
