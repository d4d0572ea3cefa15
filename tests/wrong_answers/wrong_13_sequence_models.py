"""Plausible wrong answers for 13_sequence_models; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "13_sequence_models"

WRONG = [
    # rnn_cell
    Wrong("cell-no-transpose", {"rnn_cell": '''
def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return np.tanh(np.asarray(x_t) @ np.asarray(w_ih).T + b_ih + np.asarray(h_prev) @ w_hh
                   + b_hh)
'''}, loses=("rnn_cell-test",), why="forgets to transpose W_hh"),
    Wrong("cell-relu", {"rnn_cell": '''
def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    z = np.asarray(x_t) @ np.asarray(w_ih).T + b_ih + np.asarray(h_prev) @ np.asarray(w_hh).T
    return np.maximum(z + b_hh, 0.0)
'''}, loses=("rnn_cell-test",), why="ReLU instead of tanh"),
    Wrong("cell-one-bias", {"rnn_cell": '''
def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return np.tanh(np.asarray(x_t) @ np.asarray(w_ih).T + np.asarray(h_prev) @ np.asarray(w_hh).T
                   + b_hh)
'''}, loses=("rnn_cell-test",), why="drops one of the two biases"),
    # rnn_forward
    Wrong("forward-resets-state", {"rnn_forward": '''
def rnn_forward(x, h0, w_ih, w_hh, b_ih, b_hh):
    x = np.asarray(x)
    outputs = [rnn_cell(x[:, t], h0, w_ih, w_hh, b_ih, b_hh) for t in range(x.shape[1])]
    return np.stack(outputs, axis=1), outputs[-1]
'''}, loses=("rnn_forward-test",), why="starts every step from h0: no memory"),
    Wrong("forward-time-first", {"rnn_forward": '''
def rnn_forward(x, h0, w_ih, w_hh, b_ih, b_hh):
    x = np.asarray(x)
    h, outputs = h0, []
    for t in range(x.shape[1]):
        h = rnn_cell(x[:, t], h, w_ih, w_hh, b_ih, b_hh)
        outputs.append(h)
    return np.stack(outputs, axis=0), h
'''}, loses=("rnn_forward-test",), why="stacks time first: (T, N, H)"),
    Wrong("forward-returns-first", {"rnn_forward": '''
def rnn_forward(x, h0, w_ih, w_hh, b_ih, b_hh):
    x = np.asarray(x)
    h, outputs = h0, []
    for t in range(x.shape[1]):
        h = rnn_cell(x[:, t], h, w_ih, w_hh, b_ih, b_hh)
        outputs.append(h)
    return np.stack(outputs, axis=1), outputs[0]
'''}, loses=("rnn_forward-test",), why="returns the first hidden state as the last"),
    # grad_norms_through_time
    Wrong("bptt-reversed", mutate(
        "grad_norms_through_time",
        ('    norms = np.array([s.grad.norm().item() for s in states])\n',
         ''),
        ('    return norms\n',
         '    return np.array([s.grad.norm().item() for s in states[::-1]])\n')),
        loses=("grad_norms_through_time-test",), why="lists the last step first"),
    Wrong("bptt-weight-grad", {"grad_norms_through_time": '''
def grad_norms_through_time(cell, x):
    norms = []
    for t in range(1, x.shape[1] + 1):
        cell.zero_grad()
        h = torch.zeros(x.shape[0], cell.hidden_size)
        for s in range(t):
            h = cell(x[:, s], h)
        h.sum().backward()
        norms.append(cell.weight_hh.grad.norm().item())
    cell.zero_grad()
    return np.array(norms)
'''}, loses=("grad_norms_through_time-test",), why="the weight's gradient, not the states'"),
    Wrong("bptt-leaves-gradients", mutate(
        "grad_norms_through_time",
        ('''\
    norms = np.array([s.grad.norm().item() for s in states])
    cell.zero_grad()
    return norms
''',
         '    return np.array([s.grad.norm().item() for s in states])\n')),
        loses=("grad_norms_through_time-test",), why="leaves gradients in the cell"),
    # make_windows
    Wrong("windows-include-target", {"make_windows": '''
def make_windows(signal, window):
    s = np.asarray(signal, dtype=np.float32)
    n = len(s) - window
    X = np.array([s[i + 1:i + window + 1] for i in range(n)], dtype=np.float32)
    return X[:, :, None], s[window:].copy()
'''}, loses=("make_windows-test",), why="the window ends on the value it should predict"),
    Wrong("windows-one-short", {"make_windows": '''
def make_windows(signal, window):
    s = np.asarray(signal, dtype=np.float32)
    n = len(s) - window - 1
    X = np.array([s[i:i + window] for i in range(n)], dtype=np.float32)
    return X[:, :, None], s[window:window + n].copy()
'''}, loses=("make_windows-test",), why="drops the last window"),
    Wrong("windows-float64", {"make_windows": '''
def make_windows(signal, window):
    s = np.asarray(signal, dtype=float)
    n = len(s) - window
    X = np.array([s[i:i + window] for i in range(n)])
    return X[:, :, None], s[window:].copy()
'''}, loses=("make_windows-test",), why="float64, which torch's float32 layers reject"),
    # causal_mask
    Wrong("mask-upper", {"causal_mask": '''
def causal_mask(T):
    return np.triu(np.ones((T, T), dtype=bool))
'''}, loses=("causal_mask-test",), why="lets every position see the future"),
    Wrong("mask-strict", {"causal_mask": '''
def causal_mask(T):
    return np.tril(np.ones((T, T), dtype=bool), k=-1)
'''}, loses=("causal_mask-test",), why="hides a position from itself"),
    Wrong("mask-additive", {"causal_mask": '''
def causal_mask(T):
    return np.where(np.tril(np.ones((T, T))) == 1, 0.0, -np.inf)
'''}, loses=("causal_mask-test",), why="an additive float mask where a boolean one is asked"),
    # attention
    Wrong("attention-no-scaling", {"attention": '''
def attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    scores = Q @ np.swapaxes(K, -1, -2)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ V, w
'''}, loses=("attention-test",), why="forgets to divide by sqrt(d)"),
    Wrong("attention-softmax-over-queries", mutate(
        "attention",
        ('''\
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ V, weights
''',
         '''\
    w = np.exp(scores - scores.max(axis=-2, keepdims=True))
    w = w / w.sum(axis=-2, keepdims=True)
    return w @ V, w
''')),
        loses=("attention-test",), why="normalizes over the queries instead of the keys"),
    Wrong("attention-mask-zero-scores", {"attention": '''
def attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ V, w
'''}, loses=("attention-test",), why="sets masked scores to 0 instead of -inf"),
    Wrong("attention-unstable", {"attention": '''
def attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    w = np.exp(scores)
    if mask is not None:
        w = w * mask
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ V, w
'''}, loses=("attention-test",), why="exp of large scores overflows"),
]

RIGHT = [
    Right("cell-torch", {"rnn_cell": '''
def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    t = [torch.as_tensor(np.asarray(a, dtype=float)) for a in (x_t, h_prev, w_ih, w_hh, b_ih,
                                                               b_hh)]
    return torch.tanh(torch.nn.functional.linear(t[0], t[2], t[4])
                      + torch.nn.functional.linear(t[1], t[3], t[5]))
'''}, why="torch's linear and tanh in float64"),
    Right("forward-preallocated", {"rnn_forward": '''
def rnn_forward(x, h0, w_ih, w_hh, b_ih, b_hh):
    x = np.asarray(x, dtype=float)
    n, T, _ = x.shape
    out = np.empty((n, T, np.shape(h0)[1]))
    h = np.asarray(h0, dtype=float)
    for t in range(T):
        h = np.tanh(x[:, t] @ np.asarray(w_ih).T + b_ih + h @ np.asarray(w_hh).T + b_hh)
        out[:, t] = h
    return out, out[:, -1].copy()
'''}, why="its own step, a preallocated array"),
    Right("bptt-autograd-grad", {"grad_norms_through_time": '''
def grad_norms_through_time(cell, x):
    h = torch.zeros(x.shape[0], cell.hidden_size)
    states = []
    for t in range(x.shape[1]):
        h = cell(x[:, t], h)
        states.append(h)
    grads = torch.autograd.grad(h.sum(), states)
    return np.array([float(torch.linalg.norm(g)) for g in grads])
'''}, why="torch.autograd.grad: no gradients ever stored in the cell"),
    Right("windows-sliding", {"make_windows": '''
def make_windows(signal, window):
    s = np.asarray(signal, dtype=np.float32)
    X = np.lib.stride_tricks.sliding_window_view(s, window)[:-1].copy()
    return X[..., None], s[window:].copy()
'''}, why="sliding_window_view"),
    Right("mask-compare", {"causal_mask": '''
def causal_mask(T):
    i = np.arange(T)
    return i[None, :] <= i[:, None]
'''}, why="broadcast comparison of positions"),
    Right("attention-torch", {"attention": '''
def attention(Q, K, V, mask=None):
    Q, K, V = (torch.as_tensor(np.asarray(a, dtype=float)) for a in (Q, K, V))
    scores = Q @ K.transpose(-1, -2) / Q.shape[-1] ** 0.5
    if mask is not None:
        scores = scores.masked_fill(~torch.as_tensor(np.asarray(mask)), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
'''}, why="torch's masked_fill and softmax, returns tensors"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-320", {"concept-1": 'q1 = 320\n'},
          loses=("concept-1-test",), why="counts one bias"),
    Wrong("concept-1-304", {"concept-1": 'q1 = 304\n'},
          loses=("concept-1-test",), why="forgets the biases"),
    Wrong("concept-2-B", {"concept-2": 'q2 = "B"\n'},
          loses=("concept-2-test",), why="describes exploding gradients"),
    Wrong("concept-2-C", {"concept-2": 'q2 = "C"\n'},
          loses=("concept-2-test",), why="ignores the products"),
    Wrong("concept-3-91", {"concept-3": 'q3 = 91\n'},
          loses=("concept-3-test",), why="counts a window with no next value"),
    Wrong("concept-3-10", {"concept-3": 'q3 = 10\n'},
          loses=("concept-3-test",), why="divides"),
    Wrong("concept-4-A", {"concept-4": 'q4 = "A"\n'},
          loses=("concept-4-test",), why="reverses the mask"),
    Wrong("concept-4-C", {"concept-4": 'q4 = "C"\n'},
          loses=("concept-4-test",), why="confuses with a padding mask"),
]

RIGHT += [
    Right("concept-1-computed", {"concept-1": 'q1 = 16 * 3 + 16 * 16 + 2 * 16\n'}, why="computed"),
    Right("concept-2-lower-case", {"concept-2": 'q2 = " a "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-3-computed", {"concept-3": 'q3 = 100 - 10\n'}, why="computed"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " b "\n'},
          why="case and surrounding spaces are ignored"),
]
