"""The array type of the numerical methods: a float64 NumPy array of any shape.

A name of its own keeps signatures and result fields short (``q: Array``), as
the demography modules already spell it.

    >>> import numpy as np
    >>> isinstance(np.zeros(2), np.ndarray) and np.zeros(2).dtype == np.float64
    True
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

#: A float64 NumPy array (any shape): series, member matrices, state vectors.
Array = NDArray[np.float64]
