"""Plausible wrong answers for 01_perceptron; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "01_perceptron"

WRONG = [
    # step-function
    Wrong("step-strict-inequality", {"step-function": '''
def step_function(x):
    return (np.asarray(x) > 0).astype(int)
'''}, loses=("step-function-test",), why="textbook convention: 0 at exactly x = 0"),
    Wrong("step-returns-bool", {"step-function": '''
def step_function(x):
    return np.asarray(x) >= 0
'''}, loses=("step-function-test",), why="returns booleans instead of integers"),
    Wrong("step-sign-based", {"step-function": '''
def step_function(x):
    return np.maximum(np.sign(x), 0).astype(int)
'''}, loses=("step-function-test",), why="np.sign(0) = 0, so the step is 0 at x = 0"),
    Wrong("step-float-output", {"step-function": '''
def step_function(x):
    return np.where(np.asarray(x) >= 0, 1.0, 0.0)
'''}, loses=("step-function-test",), why="returns floats 1.0/0.0 instead of integers"),
    Wrong("step-scalar-only", {"step-function": '''
def step_function(x):
    return 1 if x >= 0 else 0
'''}, loses=("step-function-test",), why="Python if works for numbers only, not arrays"),
    # perceptron
    Wrong("perceptron-no-bias", {"perceptron": '''
def perceptron(x, w, b):
    return step_function(np.asarray(x) @ np.asarray(w))
'''}, loses=("perceptron-test",), why="forgets to add the bias"),
    Wrong("perceptron-strict-inequality", {"perceptron": '''
def perceptron(x, w, b):
    return (np.asarray(x) @ np.asarray(w) + b > 0).astype(int)
'''}, loses=("perceptron-test",), why="inline step with > instead of >="),
    Wrong("perceptron-no-sum", {"perceptron": '''
def perceptron(x, w, b):
    return step_function(np.asarray(w) * np.asarray(x) + b)
'''}, loses=("perceptron-test",), why="multiplies elementwise but never sums over the features"),
    Wrong("perceptron-sum-axis0", {"perceptron": '''
def perceptron(x, w, b):
    return step_function(np.sum(np.asarray(x) * np.asarray(w), axis=0) + b)
'''}, loses=("perceptron-test",), why="sums over the samples instead of the features"),
    Wrong("perceptron-returns-bool", {"perceptron": '''
def perceptron(x, w, b):
    return np.asarray(x) @ np.asarray(w) + b >= 0
'''}, loses=("perceptron-test",), why="returns the comparison (bool) instead of int labels"),
    # gate-params
    Wrong("gates-and-zero-margin", mutate(
        "gate-params",
        ('        "AND": (np.array([1.0, 1.0]), -1.5),\n',
         '        "AND": (np.array([1.0, 1.0]), -2.0),\n')),
        loses=("gate-params-test",), why="AND boundary passes through (1, 1): no margin"),
    Wrong("gates-nand-not-negated", mutate(
        "gate-params",
        ('        "NAND": (np.array([-1.0, -1.0]), 1.5),\n',
         '        "NAND": (np.array([1.0, 1.0]), -1.5),\n')),
        loses=("gate-params-test",), why="NAND with the signs not flipped (it is AND)"),
    Wrong("gates-nand-bias-not-flipped", mutate(
        "gate-params",
        ('        "NAND": (np.array([-1.0, -1.0]), 1.5),\n',
         '        "NAND": (np.array([-1.0, -1.0]), -1.5),\n')),
        loses=("gate-params-test",), why="NAND flips the weights but not the bias: always 0"),
    Wrong("gates-or-in-and-place", mutate(
        "gate-params",
        ('''\
        "AND": (np.array([1.0, 1.0]), -1.5),
        "OR": (np.array([1.0, 1.0]), -0.5),
''',
         '''\
        "AND": (np.array([1.0, 1.0]), -0.5),
        "OR": (np.array([1.0, 1.0]), -1.5),
''')),
        loses=("gate-params-test",), why="AND and OR parameters swapped"),
    Wrong("gates-margin-exactly-0.2", {"gate-params": '''
def gate_params():
    return {
        "AND": (np.array([0.5, 0.5]), -0.7),
        "OR": (np.array([0.5, 0.5]), -0.2),
        "NAND": (np.array([-0.5, -0.5]), 0.7),
    }
'''}, loses=("gate-params-test",),
        why="common textbook values: the noise box of 0.2 touches the AND/OR boundary"),
    # xor
    Wrong("xor-or-of-hidden", {"xor": '''
def xor(x, params):
    h1 = perceptron(x, *params["NAND"])
    h2 = perceptron(x, *params["OR"])
    return perceptron(np.stack([h1, h2], axis=-1), *params["OR"])
'''}, loses=("xor-test",), why="combines the hidden units with OR instead of AND"),
    Wrong("xor-single-layer", {"xor": '''
def xor(x, params):
    return perceptron(x, np.array([1.0, 1.0]), -0.5)
'''}, loses=("xor-test",), why="one perceptron cannot compute XOR"),
    Wrong("xor-stack-wrong-axis", {"xor": '''
def xor(x, params):
    h1 = perceptron(x, *params["NAND"])
    h2 = perceptron(x, *params["OR"])
    return perceptron(np.array([h1, h2]), *params["AND"])
'''}, loses=("xor-test",), why="stacks h1, h2 as rows: shape (2, n) for many inputs"),
    Wrong("xor-and-on-inputs", {"xor": '''
def xor(x, params):
    h1 = perceptron(x, *params["NAND"])
    h2 = perceptron(x, *params["OR"])
    return perceptron(x, *params["AND"])
'''}, loses=("xor-test",), why="applies the output AND to the inputs instead of the hidden layer"),
    # train-perceptron
    Wrong("train-no-bias-update", mutate(
        "train-perceptron",
        ('                b = b + lr * error\n',
         '')),
        loses=("train-perceptron-test",), why="never updates the bias"),
    Wrong("train-flipped-sign", mutate(
        "train-perceptron",
        ('''\
                w = w + lr * error * x_i
                b = b + lr * error
''',
         '''\
                w = w - lr * error * x_i
                b = b - lr * error
''')),
        loses=("train-perceptron-test",),
        why="subtracts the update (y_hat - y instead of y - y_hat)"),
    Wrong("train-batch-update", {"train-perceptron": '''
def train_perceptron(X, y, lr=0.1, num_epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(num_epochs):
        error = y - perceptron(X, w, b)
        w = w + lr * error @ X
        b = b + lr * error.sum()
        n_wrong = int(np.count_nonzero(error))
        errors.append(n_wrong)
        if n_wrong == 0:
            break
    return w, b, errors
'''}, loses=("train-perceptron-test",),
        why="one batch update per epoch instead of online updates"),
    Wrong("train-no-early-stop", mutate(
        "train-perceptron",
        ('''\
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
''',
         '''\
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
'''),
        ('''\
        if n_wrong == 0:
            break
''',
         '')),
        loses=("train-perceptron-test",), why="keeps running after an epoch without mistakes"),
    Wrong("train-strict-prediction", {"train-perceptron": '''
def train_perceptron(X, y, lr=0.1, num_epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(num_epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b > 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                b = b + lr * (y_i - y_hat)
                n_wrong += 1
        errors.append(n_wrong)
        if n_wrong == 0:
            break
    return w, b, errors
'''}, loses=("train-perceptron-test",), why="predicts with z > 0, so the first prediction is 0"),
    Wrong("train-drops-last-epoch", mutate(
        "train-perceptron",
        ('''\
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
''',
         '''\
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
'''),
        ('        errors.append(n_wrong)\n',
         ''),
        ('            break\n',
         '''\
            break
        errors.append(n_wrong)
''')),
        loses=("train-perceptron-test",), why="does not record the final epoch with zero errors"),
]

RIGHT = [
    Right("step-heaviside-int32", {"step-function": '''
def step_function(x):
    return np.heaviside(x, 1.0).astype(np.int32)
'''}, why="np.heaviside with value 1 at 0, a different integer dtype"),
    Right("step-where", {"step-function": '''
def step_function(x):
    return np.where(np.asarray(x) >= 0, 1, 0)
'''}, why="np.where with integer branches"),
    Right("perceptron-sum-last-axis", {"perceptron": '''
def perceptron(x, w, b):
    z = np.sum(np.asarray(x, dtype=float) * np.asarray(w, dtype=float), axis=-1) + b
    return step_function(z)
'''}, why="elementwise product summed over the last axis"),
    Right("gates-other-valid-values", {"gate-params": '''
def gate_params():
    return {
        "AND": ([1.0, 1.1], -1.55),
        "OR": (np.array([2.0, 2.0]), -1.0),
        "NAND": (np.array([-0.5, -0.5]), 0.75),
    }
'''}, why="lists, other scales, unequal weights; every margin above 0.2"),
    Right("xor-transpose", {"xor": '''
def xor(x, params):
    w_nand, b_nand = params["NAND"]
    w_or, b_or = params["OR"]
    w_and, b_and = params["AND"]
    hidden = np.array([perceptron(x, w_nand, b_nand), perceptron(x, w_or, b_or)]).T
    return step_function(hidden @ np.asarray(w_and) + b_and)
'''}, why="hidden layer built as rows and transposed; output layer with step_function"),
    Right("train-bias-trick", {"train-perceptron": '''
def train_perceptron(X, y, lr=0.1, num_epochs=20):
    X = np.asarray(X, dtype=float)
    Xa = np.hstack([X, np.ones((len(X), 1))])  # bias as the weight of a constant input 1
    wa = np.zeros(Xa.shape[1])
    errors = []
    for epoch in range(num_epochs):
        errors.append(0)
        for i in range(len(Xa)):
            delta = y[i] - step_function(Xa[i] @ wa)
            if delta:
                wa += lr * delta * Xa[i]
                errors[-1] += 1
        if errors[-1] == 0:
            break
    return wa[:-1], wa[-1], np.array(errors)
'''}, why="bias folded into the weights, in-place updates, errors as an array"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-2-string", {"concept-2": 'q2 = "0"\n'},
          loses=("concept-2-test",), why="the right digit as a string, not an int"),
    Wrong("concept-1-A", {"concept-1": 'q1 = "A"\n'},
          loses=("concept-1-test",), why="OR needs b between -1 and 0"),
    Wrong("concept-1-D", {"concept-1": 'q1 = "D"\n'},
          loses=("concept-1-test",), why="no single perceptron computes XOR"),
    Wrong("concept-2-1", {"concept-2": 'q2 = 1\n'},
          loses=("concept-2-test",), why="adds instead of subtracting"),
    Wrong("concept-3-C", {"concept-3": 'q3 = "C"\n'},
          loses=("concept-3-test",), why="confuses representability with trainability"),
    Wrong("concept-3-A", {"concept-3": 'q3 = "A"\n'},
          loses=("concept-3-test",), why="blames the learning rate"),
    Wrong("concept-4-4", {"concept-4": 'q4 = 4\n'},
          loses=("concept-4-test",), why="blames the weight update"),
    Wrong("concept-4-5", {"concept-4": 'q4 = 5\n'},
          loses=("concept-4-test",), why="blames the bias update"),
]

RIGHT += [
    Right("concept-1-lower-case", {"concept-1": 'q1 = " c "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-2-a-numpy-integer", {"concept-2": 'q2 = np.int64(0)\n'}, why="a numpy integer"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-an-int-expression", {"concept-4": 'q4 = int(3)\n'}, why="an int expression"),
]
