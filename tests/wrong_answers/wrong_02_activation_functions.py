"""Plausible wrong answers for 02_activation_functions; each must lose points."""
from course_tools import Right, Wrong

CHAPTER = "02_activation_functions"

WRONG = [
    # collapse_linear
    Wrong("collapse-forgets-b1-through-W2", {"collapse_linear": '''
def collapse_linear(W1, b1, W2, b2):
    return W1 @ W2, b1 + b2
'''}, loses=("collapse_linear-test",), why="adds the biases instead of passing b1 through W2"),
    Wrong("collapse-drops-b1", {"collapse_linear": '''
def collapse_linear(W1, b1, W2, b2):
    return W1 @ W2, b2
'''}, loses=("collapse_linear-test",), why="forgets the first bias"),
    Wrong("collapse-wrong-order", {"collapse_linear": '''
def collapse_linear(W1, b1, W2, b2):
    return W2 @ W1, W2 @ b1 + b2
'''}, loses=("collapse_linear-test",), why="column-vector order W2 @ W1 with row-vector shapes"),
    # sigmoid
    Wrong("sigmoid-naive-overflow", {"sigmoid": '''
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))
'''}, loses=("sigmoid-test",), why="naive formula overflows at x = -1000"),
    Wrong("sigmoid-exp-ratio-nan", {"sigmoid": '''
def sigmoid(x):
    return np.exp(x) / (1.0 + np.exp(x))
'''}, loses=("sigmoid-test",), why="inf / inf = NaN at x = +1000"),
    Wrong("sigmoid-sign-error", {"sigmoid": '''
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, e / (1.0 + e), 1.0 / (1.0 + e))
'''}, loses=("sigmoid-test",), why="branches swapped: computes sigmoid(-x)"),
    Wrong("sigmoid-where-both-branches", {"sigmoid": '''
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(x)))
'''}, loses=("sigmoid-test",), why="np.where evaluates both branches, which still overflow"),
    # sigmoid_grad
    Wrong("sigmoid-grad-plus", {"sigmoid_grad": '''
def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1.0 + s)
'''}, loses=("sigmoid_grad-test",), why="s(1 + s) instead of s(1 - s)"),
    Wrong("sigmoid-grad-uses-x", {"sigmoid_grad": '''
def sigmoid_grad(x):
    return x * (1.0 - x)
'''}, loses=("sigmoid_grad-test",), why="plugs x instead of sigmoid(x) into s(1 - s)"),
    Wrong("sigmoid-grad-missing-factor", {"sigmoid_grad": '''
def sigmoid_grad(x):
    return 1.0 - sigmoid(x)
'''}, loses=("sigmoid_grad-test",), why="forgets the factor s"),
    Wrong("sigmoid-grad-naive-inline", {"sigmoid_grad": '''
def sigmoid_grad(x):
    s = 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))
    return s * (1.0 - s)
'''}, loses=("sigmoid_grad-test",), why="its own naive sigmoid overflows at x = -1000"),
    Wrong("sigmoid-zeros-like", {"sigmoid": '''
def sigmoid(x):
    x = np.asarray(x)
    out = np.zeros_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out
'''}, loses=("sigmoid-test",), why="stable by masks, but an integer input gives an integer "
                                     "output array: every value truncated to 0"),
    # tanh
    Wrong("tanh-naive-nan", {"tanh": '''
def tanh(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
'''}, loses=("tanh-test",), why="slide definition as is: inf / inf = NaN at +-1000"),
    Wrong("tanh-half-stable", {"tanh": '''
def tanh(x):
    t = np.exp(-2.0 * x)
    return (1.0 - t) / (1.0 + t)
'''}, loses=("tanh-test",), why="divides by e^x instead of e^|x|: overflows for x = -1000"),
    Wrong("tanh-missing-factor-2", {"tanh": '''
def tanh(x):
    return 2.0 * sigmoid(x) - 1.0
'''}, loses=("tanh-test",), why="2 sigmoid(x) - 1 = tanh(x / 2)"),
    Wrong("tanh-no-sign", {"tanh": '''
def tanh(x):
    t = np.exp(-2.0 * np.abs(x))
    return (1.0 - t) / (1.0 + t)
'''}, loses=("tanh-test",), why="computes tanh(|x|): forgets the sign"),
    # tanh_grad
    Wrong("tanh-grad-no-square", {"tanh_grad": '''
def tanh_grad(x):
    return 1.0 - tanh(x)
'''}, loses=("tanh_grad-test",), why="1 - tanh instead of 1 - tanh^2"),
    Wrong("tanh-grad-uses-x", {"tanh_grad": '''
def tanh_grad(x):
    return 1.0 - x ** 2
'''}, loses=("tanh_grad-test",), why="1 - x^2 instead of 1 - tanh(x)^2"),
    Wrong("tanh-grad-squared-difference", {"tanh_grad": '''
def tanh_grad(x):
    return (1.0 - tanh(x)) ** 2
'''}, loses=("tanh_grad-test",), why="(1 - tanh)^2"),
    Wrong("tanh-grad-cosh-overflow", {"tanh_grad": '''
def tanh_grad(x):
    return 1.0 / np.cosh(x) ** 2
'''}, loses=("tanh_grad-test",), why="sech^2 x is right, but cosh overflows for |x| > 710"),
    Wrong("tanh-grad-naive-inline", {"tanh_grad": '''
def tanh_grad(x):
    x = np.asarray(x, dtype=float)
    t = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    return 1.0 - t * t
'''}, loses=("tanh_grad-test",), why="its own naive tanh: inf / inf = NaN at +-1000"),
    # relu
    Wrong("relu-in-place", {"relu": '''
def relu(x):
    x[x < 0] = 0.0
    return x
'''}, loses=("relu-test",), why="modifies the caller's array"),
    Wrong("relu-np-max", {"relu": '''
def relu(x):
    return np.max(x, 0)
'''}, loses=("relu-test",), why="np.max reduces along axis 0 instead of np.maximum"),
    Wrong("relu-python-max", {"relu": '''
def relu(x):
    return max(0.0, x)
'''}, loses=("relu-test",), why="Python's max works on numbers, not arrays"),
    # relu_grad
    Wrong("relu-grad-one-at-zero", {"relu_grad": '''
def relu_grad(x):
    return (np.asarray(x) >= 0).astype(np.float64)
'''}, loses=("relu_grad-test",), why="derivative 1 at x = 0 (torch uses 0)"),
    Wrong("relu-grad-bool", {"relu_grad": '''
def relu_grad(x):
    return np.asarray(x) > 0
'''}, loses=("relu_grad-test",), why="returns a bool array instead of floats"),
    Wrong("relu-grad-returns-relu", {"relu_grad": '''
def relu_grad(x):
    return np.where(np.asarray(x) > 0, x, 0.0)
'''}, loses=("relu_grad-test",), why="returns relu(x), not its derivative"),
    # leaky_relu
    Wrong("leaky-alpha-on-positives", {"leaky_relu": '''
def leaky_relu(x, alpha=0.01):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, alpha * x, x)
'''}, loses=("leaky_relu-test",), why="scales the positive side"),
    Wrong("leaky-ignores-alpha", {"leaky_relu": '''
def leaky_relu(x, alpha=0.01):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, 0.01 * x)
'''}, loses=("leaky_relu-test",), why="hard-codes 0.01 instead of the alpha argument"),
    Wrong("leaky-constant-alpha", {"leaky_relu": '''
def leaky_relu(x, alpha=0.01):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, alpha)
'''}, loses=("leaky_relu-test",), why="alpha instead of alpha * x on the negative side"),
    # leaky_relu_grad
    Wrong("leaky-grad-ignores-alpha", {"leaky_relu_grad": '''
def leaky_relu_grad(x, alpha=0.01):
    return np.where(np.asarray(x) > 0, 1.0, 0.01)
'''}, loses=("leaky_relu_grad-test",), why="hard-codes 0.01"),
    Wrong("leaky-grad-is-relu-grad", {"leaky_relu_grad": '''
def leaky_relu_grad(x, alpha=0.01):
    return np.where(np.asarray(x) > 0, 1.0, 0.0)
'''}, loses=("leaky_relu_grad-test",), why="0 on the negative side, like ReLU"),
    Wrong("leaky-grad-alpha-times-x", {"leaky_relu_grad": '''
def leaky_relu_grad(x, alpha=0.01):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, 1.0, alpha * x)
'''}, loses=("leaky_relu_grad-test",), why="confuses the function alpha * x with its slope"),
    Wrong("leaky-grad-one-at-zero", {"leaky_relu_grad": '''
def leaky_relu_grad(x, alpha=0.01):
    return np.where(np.asarray(x) >= 0, 1.0, alpha)
'''}, loses=("leaky_relu_grad-test",), why="slope 1 at x = 0, but the textbook puts 0 with alpha"),
    # softmax
    Wrong("softmax-no-max", {"softmax": '''
def softmax(x, axis=-1):
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)
'''}, loses=("softmax-test",), why="no maximum subtracted: overflow / NaN for large logits"),
    Wrong("softmax-global-max", {"softmax": '''
def softmax(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=axis, keepdims=True)
'''}, loses=("softmax-test",), why="one global maximum: rows of a different scale become 0/0"),
    Wrong("softmax-whole-array", {"softmax": '''
def softmax(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)
'''}, loses=("softmax-test",), why="normalizes over the whole array"),
    Wrong("softmax-no-keepdims", {"softmax": '''
def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis)
'''}, loses=("softmax-test",), why="sum without keepdims broadcasts along the wrong axis"),
    Wrong("softmax-ignores-axis", {"softmax": '''
def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
'''}, loses=("softmax-test",), why="always normalizes the last axis"),
    Wrong("softmax-in-place", {"softmax": '''
def softmax(x, axis=-1):
    x -= np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)
'''}, loses=("softmax-test",), why="x -= ... changes the caller's array"),
    # softmax_jacobian
    Wrong("jacobian-missing-diag", {"softmax_jacobian": '''
def softmax_jacobian(x):
    s = softmax(x)
    return -np.outer(s, s)
'''}, loses=("softmax_jacobian-test",), why="forgets the diag(s) term"),
    Wrong("jacobian-sign", {"softmax_jacobian": '''
def softmax_jacobian(x):
    s = softmax(x)
    return np.outer(s, s) - np.diag(s)
'''}, loses=("softmax_jacobian-test",), why="outer(s, s) - diag(s): the sign is flipped"),
    Wrong("jacobian-diagonal-only", {"softmax_jacobian": '''
def softmax_jacobian(x):
    s = softmax(x)
    return np.diag(s * (1.0 - s))
'''}, loses=("softmax_jacobian-test",), why="treats softmax as elementwise: no off-diagonal terms"),
]

RIGHT = [
    Right("collapse-by-probing", {"collapse_linear": '''
def collapse_linear(W1, b1, W2, b2):
    def forward(x):
        return (x @ W1 + b1) @ W2 + b2
    b = forward(np.zeros((1, W1.shape[0])))[0]
    W = forward(np.eye(W1.shape[0])) - b
    return W, b
'''}, why="reads W and b off the network's outputs for the zero and unit inputs"),
    Right("sigmoid-clip", {"sigmoid": '''
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -500.0, 500.0)))
'''}, why="clipping the input keeps exp finite"),
    Right("sigmoid-logaddexp", {"sigmoid": '''
def sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float)))
'''}, why="exp(-log(1 + e^-x)) with numpy's stable logaddexp"),
    Right("sigmoid-via-np-tanh", {"sigmoid": '''
def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))
'''}, why="sigmoid(x) = (1 + tanh(x / 2)) / 2"),
    Right("sigmoid-grad-from-exp", {"sigmoid_grad": '''
def sigmoid_grad(x):
    e = np.exp(-np.abs(np.asarray(x, dtype=float)))
    return e / (1.0 + e) ** 2
'''}, why="e^-|x| / (1 + e^-|x|)^2, more accurate than s(1 - s) for large x"),
    Right("tanh-via-sigmoid", {"tanh": '''
def tanh(x):
    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=float)) - 1.0
'''}, why="tanh(x) = 2 sigmoid(2x) - 1"),
    Right("tanh-numpy", {"tanh": '''
def tanh(x):
    return np.tanh(x)
'''}, why="numpy's own tanh is stable"),
    Right("tanh-grad-sech-stable", {"tanh_grad": '''
def tanh_grad(x):
    e = np.exp(-2.0 * np.abs(np.asarray(x, dtype=float)))
    return 4.0 * e / (1.0 + e) ** 2
'''}, why="sech^2 x = 4 e^(-2|x|) / (1 + e^(-2|x|))^2, stable"),
    Right("sigmoid-float32", {"sigmoid": '''
def sigmoid(x):
    x = np.asarray(x, dtype=np.float32)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
'''}, why="single precision: the instructions ask for a float array, not float64"),
    Right("softmax-float32", {"softmax": '''
def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float32)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
'''}, why="single precision"),
    Right("relu-mask-product", {"relu": '''
def relu(x):
    x = np.asarray(x, dtype=float)
    return x * (x > 0)
'''}, why="multiplies by the 0/1 mask"),
    Right("relu-clip", {"relu": '''
def relu(x):
    return np.clip(x, 0, None)
'''}, why="np.clip with no upper bound"),
    Right("relu-grad-heaviside", {"relu_grad": '''
def relu_grad(x):
    return np.heaviside(x, 0.0)
'''}, why="np.heaviside with value 0 at 0"),
    Right("leaky-maximum", {"leaky_relu": '''
def leaky_relu(x, alpha=0.01):
    x = np.asarray(x, dtype=float)
    return np.maximum(x, alpha * x)
'''}, why="max(x, alpha x), valid for 0 < alpha < 1"),
    Right("leaky-grad-mask-sum", {"leaky_relu_grad": '''
def leaky_relu_grad(x, alpha=0.01):
    x = np.asarray(x, dtype=float)
    return (x > 0) + alpha * (x <= 0)
'''}, why="adds the two masks; bool + float gives floats"),
    Right("softmax-logsumexp", {"softmax": '''
def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    m = x.max(axis=axis, keepdims=True)
    log_z = m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))
    return np.exp(x - log_z)
'''}, why="exp(x - logsumexp(x))"),
    Right("softmax-torch", {"softmax": '''
def softmax(x, axis=-1):
    return torch.softmax(torch.as_tensor(np.asarray(x, dtype=float)), dim=axis).numpy()
'''}, why="calls torch.softmax"),
    Right("jacobian-loops", {"softmax_jacobian": '''
def softmax_jacobian(x):
    s = softmax(x)
    n = len(s)
    J = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            J[i, j] = s[i] * ((1.0 if i == j else 0.0) - s[j])
    return J
'''}, why="the entrywise formula with two loops"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-0p5", {"concept-1": 'q1 = 0.5\n'},
          loses=("concept-1-test",), why="gives sigma(0) instead of its derivative"),
    Wrong("concept-1-0p3", {"concept-1": 'q1 = 0.3\n'},
          loses=("concept-1-test",), why="takes the slide's bound as the value"),
    Wrong("concept-2-A", {"concept-2": 'q2 = "A"\n'},
          loses=("concept-2-test",), why="uses the sigmoid's bound"),
    Wrong("concept-2-B", {"concept-2": 'q2 = "B"\n'},
          loses=("concept-2-test",), why="uses the expectation over random inputs"),
    Wrong("concept-3-C", {"concept-3": 'q3 = "C"\n'},
          loses=("concept-3-test",), why="forgets that the theorem needs a non-linear activation"),
    Wrong("concept-3-A", {"concept-3": 'q3 = "A"\n'},
          loses=("concept-3-test",), why="believes depth alone helps"),
    Wrong("concept-4-0p25", {"concept-4": 'q4 = 0.25\n'},
          loses=("concept-4-test",), why="gives the first element"),
    Wrong("concept-4-3", {"concept-4": 'q4 = 3\n'},
          loses=("concept-4-test",), why="forgets to normalise"),
]

RIGHT += [
    Right("concept-1-a-fraction", {"concept-1": 'q1 = 1 / 4\n'}, why="a fraction"),
    Right("concept-2-lower-case", {"concept-2": 'q2 = " c "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-a-fraction", {"concept-4": 'q4 = 3 / 4\n'}, why="a fraction"),
]
