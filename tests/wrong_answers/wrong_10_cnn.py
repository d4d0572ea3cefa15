"""Plausible wrong answers for 10_cnn; each must lose points."""
from course_tools import Right, Wrong

CHAPTER = "10_cnn"

WRONG = [
    # conv_output_size
    Wrong("size-ceil", {"conv_output_size": '''
def conv_output_size(n_in, kernel, padding=0, stride=1):
    return int(np.ceil((n_in + 2 * padding - kernel) / stride)) + 1
'''}, loses=("conv_output_size-test",), why="the textbook's ceiling"),
    Wrong("size-one-padding", {"conv_output_size": '''
def conv_output_size(n_in, kernel, padding=0, stride=1):
    return (n_in + padding - kernel) // stride + 1
'''}, loses=("conv_output_size-test",), why="pads one side only"),
    Wrong("size-true-division", {"conv_output_size": '''
def conv_output_size(n_in, kernel, padding=0, stride=1):
    return (n_in + 2 * padding - kernel) / stride + 1
'''}, loses=("conv_output_size-test",), why="a float, 2.5 windows"),
    # conv2d_single
    Wrong("single-flipped", {"conv2d_single": '''
def conv2d_single(x, w, stride=1, padding=0):
    x = np.pad(np.asarray(x, dtype=float), padding)
    w = np.asarray(w, dtype=float)[::-1, ::-1]
    kh, kw = w.shape
    oh, ow = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    return np.array([[np.sum(x[i * stride:i * stride + kh, j * stride:j * stride + kw] * w)
                      for j in range(ow)] for i in range(oh)])
'''}, loses=("conv2d_single-test",), why="flips the filter: a true convolution"),
    Wrong("single-stride-ignored-in-window", {"conv2d_single": '''
def conv2d_single(x, w, stride=1, padding=0):
    x = np.pad(np.asarray(x, dtype=float), padding)
    w = np.asarray(w, dtype=float)
    kh, kw = w.shape
    oh, ow = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    return np.array([[np.sum(x[i:i + kh, j:j + kw] * w) for j in range(ow)]
                     for i in range(oh)])
'''}, loses=("conv2d_single-test",), why="the right size but windows one step apart"),
    Wrong("single-no-padding", {"conv2d_single": '''
def conv2d_single(x, w, stride=1, padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    kh, kw = w.shape
    oh, ow = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    return np.array([[np.sum(x[i * stride:i * stride + kh, j * stride:j * stride + kw] * w)
                      for j in range(ow)] for i in range(oh)])
'''}, loses=("conv2d_single-test",), why="ignores the padding"),
    Wrong("single-square-filter", {"conv2d_single": '''
def conv2d_single(x, w, stride=1, padding=0):
    x = np.pad(np.asarray(x, dtype=float), padding)
    w = np.asarray(w, dtype=float)
    k = w.shape[0]
    oh, ow = (x.shape[0] - k) // stride + 1, (x.shape[1] - k) // stride + 1
    return np.array([[np.sum(x[i * stride:i * stride + k, j * stride:j * stride + k] * w)
                      for j in range(ow)] for i in range(oh)])
'''}, loses=("conv2d_single-test",), why="assumes a square filter"),
    # true_convolution
    Wrong("true-conv-transposed", {"true_convolution": '''
def true_convolution(x, w):
    return conv2d_single(x, np.asarray(w).T)
'''}, loses=("true_convolution-test",), why="transposes instead of flipping"),
    Wrong("true-conv-one-axis", {"true_convolution": '''
def true_convolution(x, w):
    return conv2d_single(x, np.asarray(w)[::-1])
'''}, loses=("true_convolution-test",), why="flips the rows only"),
    Wrong("true-conv-no-flip", {"true_convolution": '''
def true_convolution(x, w):
    return conv2d_single(x, w)
'''}, loses=("true_convolution-test",), why="the cross-correlation"),
    # conv2d
    Wrong("conv-no-channel-sum", {"conv2d": '''
def conv2d(x, w, b, stride=1, padding=0):
    p = padding
    x = np.pad(np.asarray(x, dtype=float), ((0, 0), (0, 0), (p, p), (p, p)))
    w = np.asarray(w, dtype=float)
    win = np.lib.stride_tricks.sliding_window_view(x, w.shape[2:], axis=(2, 3))
    win = win[:, :, ::stride, ::stride]
    out = np.einsum("nchwij,fcij->nfhw", win[:, :1], w[:, :1])
    return out + np.asarray(b)[None, :, None, None]
'''}, loses=("conv2d-test",), why="uses the first input channel only"),
    Wrong("conv-bias-by-channel-axis", {"conv2d": '''
def conv2d(x, w, b, stride=1, padding=0):
    p = padding
    x = np.pad(np.asarray(x, dtype=float), ((0, 0), (0, 0), (p, p), (p, p)))
    w = np.asarray(w, dtype=float)
    win = np.lib.stride_tricks.sliding_window_view(x, w.shape[2:], axis=(2, 3))
    win = win[:, :, ::stride, ::stride]
    return np.einsum("nchwij,fcij->nfhw", win, w) + np.sum(b)
'''}, loses=("conv2d-test",), why="adds every bias to every filter"),
    Wrong("conv-stride-after-window-size", {"conv2d": '''
def conv2d(x, w, b, stride=1, padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    win = np.lib.stride_tricks.sliding_window_view(x, w.shape[2:], axis=(2, 3))
    win = win[:, :, ::stride, ::stride]
    return np.einsum("nchwij,fcij->nfhw", win, w) + np.asarray(b)[None, :, None, None]
'''}, loses=("conv2d-test",), why="forgets the padding"),
    # pool2d
    Wrong("pool-overlapping", {"pool2d": '''
def pool2d(x, size, mode="max"):
    x = np.asarray(x, dtype=float)
    win = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(-2, -1))
    out = win.max(axis=(-2, -1)) if mode == "max" else win.mean(axis=(-2, -1))
    return out
'''}, loses=("pool2d-test",), why="stride 1: overlapping windows"),
    Wrong("pool-always-max", {"pool2d": '''
def pool2d(x, size, mode="max"):
    x = np.asarray(x, dtype=float)
    h, w = x.shape[-2] // size, x.shape[-1] // size
    blocks = x[..., :h * size, :w * size].reshape(*x.shape[:-2], h, size, w, size)
    return blocks.max(axis=(-3, -1))
'''}, loses=("pool2d-test",), why="ignores mode"),
    Wrong("pool-wrong-axes", {"pool2d": '''
def pool2d(x, size, mode="max"):
    x = np.asarray(x, dtype=float)
    h, w = x.shape[-2] // size, x.shape[-1] // size
    blocks = x[..., :h * size, :w * size].reshape(*x.shape[:-2], h, size, w, size)
    return blocks.max(axis=(-4, -2)) if mode == "max" else blocks.mean(axis=(-4, -2))
'''}, loses=("pool2d-test",), why="reduces over the block index instead of inside the block"),
    # conv_param_count
    Wrong("count-no-bias", {"conv_param_count": '''
def conv_param_count(c_in, c_out, kernel_size, bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return c_out * c_in * kh * kw
'''}, loses=("conv_param_count-test",), why="forgets the biases"),
    Wrong("count-no-input-channels", {"conv_param_count": '''
def conv_param_count(c_in, c_out, kernel_size, bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return c_out * kh * kw + (c_out if bias else 0)
'''}, loses=("conv_param_count-test",), why="a filter covers one channel only"),
    Wrong("count-square-only", {"conv_param_count": '''
def conv_param_count(c_in, c_out, kernel_size, bias=True):
    k = kernel_size if isinstance(kernel_size, int) else kernel_size[0]
    return c_out * c_in * k * k + (c_out if bias else 0)
'''}, loses=("conv_param_count-test",), why="squares the first side of a rectangular filter"),
    # make_cnn
    Wrong("cnn-flatten-size", {"make_cnn": '''
def make_cnn(channels=(8, 16), num_classes=10):
    c1, c2 = channels
    return nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(c2 * 4 * 4, num_classes))
'''}, loses=("make_cnn-test",), why="counts one pooling only in the flatten size"),
    Wrong("cnn-no-padding", {"make_cnn": '''
def make_cnn(channels=(8, 16), num_classes=10):
    c1, c2 = channels
    return nn.Sequential(nn.Conv2d(1, c1, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(c2, num_classes))
'''}, loses=("make_cnn-test",), why="no padding in the first convolution"),
    Wrong("cnn-softmax-output", {"make_cnn": '''
def make_cnn(channels=(8, 16), num_classes=10):
    c1, c2 = channels
    return nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(c2 * 4, num_classes), nn.Softmax(dim=1))
'''}, loses=("make_cnn-test",), why="probabilities instead of logits"),
    Wrong("cnn-average-pooling", {"make_cnn": '''
def make_cnn(channels=(8, 16), num_classes=10):
    c1, c2 = channels
    return nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2),
                         nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2),
                         nn.Flatten(), nn.Linear(c2 * 4, num_classes))
'''}, loses=("make_cnn-test",), why="average pooling instead of max pooling"),
    Wrong("cnn-no-relu-zero-head", {"make_cnn": '''
def make_cnn(channels=(8, 16), num_classes=10):
    c1, c2 = channels
    head = nn.Linear(c2 * 4, num_classes)
    nn.init.zeros_(head.weight)
    nn.init.zeros_(head.bias)
    return nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.MaxPool2d(2),
                         nn.Conv2d(c1, c2, 3, padding=1), nn.MaxPool2d(2),
                         nn.Flatten(), head)
'''}, loses=("make_cnn-test",), why="no ReLU; a zero last layer made every output 0, which a "
       "test comparing with the network's own weights accepted"),
]

RIGHT = [
    Right("size-floor-division-explicit", {"conv_output_size": '''
def conv_output_size(n_in, kernel, padding=0, stride=1):
    import math
    return math.floor((n_in + 2 * padding - kernel) / stride) + 1
'''}, why="math.floor of a true division"),
    Right("single-torch", {"conv2d_single": '''
def conv2d_single(x, w, stride=1, padding=0):
    t = torch.as_tensor(np.asarray(x, dtype=float))[None, None]
    k = torch.as_tensor(np.asarray(w, dtype=float))[None, None]
    return torch.nn.functional.conv2d(t, k, stride=stride, padding=padding)[0, 0]
'''}, why="torch's conv2d, returns a float64 tensor"),
    Right("true-conv-rot90", {"true_convolution": '''
def true_convolution(x, w):
    x, w = np.asarray(x, dtype=float), np.rot90(np.asarray(w, dtype=float), 2)
    kh, kw = w.shape
    return np.array([[np.sum(x[i:i + kh, j:j + kw] * w) for j in range(x.shape[1] - kw + 1)]
                     for i in range(x.shape[0] - kh + 1)])
'''}, why="np.rot90 twice, its own loop"),
    Right("conv-im2col", {"conv2d": '''
def conv2d(x, w, b, stride=1, padding=0):
    p = padding
    x = np.pad(np.asarray(x, dtype=float), ((0, 0), (0, 0), (p, p), (p, p)))
    w = np.asarray(w, dtype=float)
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    cols = np.empty((n, c, kh, kw, oh, ow))
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
    cols = cols.reshape(n, c * kh * kw, oh * ow)
    out = np.matmul(w.reshape(f, -1), cols).reshape(n, f, oh, ow)
    return out + np.asarray(b, dtype=float).reshape(1, f, 1, 1)
'''}, why="im2col: loops over the filter positions and one matrix product"),
    Right("pool-loops", {"pool2d": '''
def pool2d(x, size, mode="max"):
    x = np.asarray(x, dtype=float)
    oh, ow = x.shape[-2] // size, x.shape[-1] // size
    out = np.empty(x.shape[:-2] + (oh, ow))
    reduce = np.max if mode == "max" else np.mean
    for i in range(oh):
        for j in range(ow):
            out[..., i, j] = reduce(x[..., i * size:(i + 1) * size, j * size:(j + 1) * size],
                                    axis=(-2, -1))
    return out
'''}, why="loops over the output cells"),
    Right("count-torch", {"conv_param_count": '''
def conv_param_count(c_in, c_out, kernel_size, bias=True):
    layer = nn.Conv2d(c_in, c_out, kernel_size, bias=bias)
    return sum(p.numel() for p in layer.parameters())
'''}, why="builds the layer and counts"),
    Right("cnn-class-pool-before-relu", {"make_cnn": '''
class SmallCNN(nn.Module):
    def __init__(self, channels, num_classes):
        super().__init__()
        c1, c2 = channels
        self.conv1 = nn.Conv2d(1, c1, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(c1, c2, kernel_size=3, padding=1)
        self.fc = nn.Linear(c2 * 2 * 2, num_classes)

    def forward(self, x):
        x = torch.relu(nn.functional.max_pool2d(self.conv1(x), 2))
        x = torch.relu(nn.functional.max_pool2d(self.conv2(x), 2))
        return self.fc(torch.flatten(x, 1))


def make_cnn(channels=(8, 16), num_classes=10):
    return SmallCNN(channels, num_classes)
'''}, why="its own nn.Module, pooling before ReLU (they commute)"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-27", {"concept-1": 'q1 = 27\n'},
          loses=("concept-1-test",), why="forgets the + 1"),
    Wrong("concept-1-32", {"concept-1": 'q1 = 32\n'},
          loses=("concept-1-test",), why="assumes the size is kept"),
    Wrong("concept-2-5", {"concept-2": 'q2 = 5\n'},
          loses=("concept-2-test",), why="rounds up the division (the textbook's formula)"),
    Wrong("concept-2-3", {"concept-2": 'q2 = 3\n'},
          loses=("concept-2-test",), why="forgets the padding"),
    Wrong("concept-3-216", {"concept-3": 'q3 = 216\n'},
          loses=("concept-3-test",), why="forgets the biases"),
    Wrong("concept-3-80", {"concept-3": 'q3 = 80\n'},
          loses=("concept-3-test",), why="forgets the input channels"),
    Wrong("concept-4-A", {"concept-4": 'q4 = "A"\n'},
          loses=("concept-4-test",), why="thinks the window has weights"),
    Wrong("concept-4-B", {"concept-4": 'q4 = "B"\n'},
          loses=("concept-4-test",), why="confuses with a bias"),
]

RIGHT += [
    Right("concept-1-computed", {"concept-1": 'q1 = (32 - 5) // 1 + 1\n'}, why="computed"),
    Right("concept-2-computed", {"concept-2": 'q2 = (8 + 2 * 1 - 3) // 2 + 1\n'}, why="computed"),
    Right("concept-3-computed", {"concept-3": 'q3 = 3 * 3 * 3 * 8 + 8\n'}, why="computed"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " c "\n'},
          why="case and surrounding spaces are ignored"),
]
