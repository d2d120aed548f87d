"""The image project's code panel: runnable code for the step on screen, from loading on.

The scikit-learn models are printed as their ``Pipeline``. The CNN is the CNN filters
page's own training script (``cnn_filters.code``), continued by this step's lines; for
cross-validation that script becomes a function of the split's seed, since the CNN is
torch code that ``cross_val_score`` cannot fit.
"""

from __future__ import annotations

import inspect
import textwrap

from explorers import cnn_filters as cnn
from explorers._image_fit import CALIBRATION_FOLDS, HIDDEN, N_WRONG, SCALER_CODE

_SEED = 987654321  # a stand-in seed, replaced by a name where the CNN's script takes one


def _data(seed: int) -> str:
    return f'''\
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

X, y = load_digits(return_X_y=True)  # 1,797 images, each 64 ink counts from 0 to 16
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size={cnn.TEST_SHARE}, stratify=y, random_state={seed})
'''


def _pipeline(p) -> str:
    imports = ["from sklearn.pipeline import Pipeline"]
    if p.scaler != "none":
        imports.append(f"from sklearn.preprocessing import {SCALER_CODE[p.scaler][:-2]}")
    if p.model == "logistic regression":
        imports.append("from sklearn.linear_model import LogisticRegression")
        model = f"LogisticRegression(C={float(p.C)!r}, max_iter=5000)"
    elif p.model == "SVM":
        imports += ["from sklearn.calibration import CalibratedClassifierCV", "from sklearn.svm import SVC"]
        model = (f"CalibratedClassifierCV(SVC(C={float(p.C)!r}), ensemble=False, "
                 f"cv={CALIBRATION_FOLDS})")
    else:
        imports += ["import warnings", "from sklearn.neural_network import MLPClassifier"]
        model = (f"MLPClassifier(hidden_layer_sizes=({HIDDEN},), max_iter={p.epochs}, "
                 "learning_rate_init=0.01, random_state=0)")
    lines = "\n" + "\n".join(imports) + f'''

pipe = Pipeline([
    ("scale", {SCALER_CODE[p.scaler]}),
    ("model", {model}),
])
'''
    if p.model == "MLP":
        lines += ('# A few epochs stop before Adam converges, as asked: no warning about it.\n'
                  'warnings.filterwarnings("ignore", message=".*Maximum iterations.*")\n')
    return lines


def _fitted(p) -> str:
    """Code that leaves a fitted model and ``proba``, its test probabilities."""
    if p.model == "CNN":
        return cnn.code(cnn.Params(epochs=p.epochs, seed=p.seed)) + '''
with torch.no_grad():
    proba = torch.softmax(model(xt), dim=1).numpy()
'''
    return _data(p.seed) + _pipeline(p) + '''\
pipe.fit(X_train, y_train)  # the scaler learns from the training images only
proba = pipe.predict_proba(X_test)
'''


def code(p) -> str:
    return globals()[f"_{p.step.replace('-', '_')}"](p)


def _split(p) -> str:
    return _data(p.seed) + '''
print(f"{len(y_train)} training images, {len(y_test)} test images")
print("training images of each digit:", np.bincount(y_train))
print("test images of each digit:    ", np.bincount(y_test))
value = len(y_test) / len(y)
'''


def _scale(p) -> str:
    if p.scaler == "none":
        return _data(p.seed) + '''
value = X_train.max()  # unscaled: ink counts 0-16
print(f"largest pixel value in the training images: {value:.3f}")
'''
    name = SCALER_CODE[p.scaler][:-2]
    return _data(p.seed) + f'''from sklearn.preprocessing import {name}

scaler = {name}().fit(X_train)  # learnt from the training images only
train, test = scaler.transform(X_train), scaler.transform(X_test)
value = train.max()
print(f"largest scaled value: {{value:.3f}} in the training images, {{test.max():.3f}} in the test images")
print("pixels never inked in training:", int((X_train.max(axis=0) == 0).sum()))
'''


def _model(p) -> str:
    if p.model == "CNN":
        return cnn.code(cnn.Params(epochs=p.epochs, seed=p.seed)) + "value = test_accuracy\n"
    return _fitted(p) + '''value = np.mean(proba.argmax(axis=1) == y_test)
print(f"train accuracy {pipe.score(X_train, y_train):.4f}   test accuracy {value:.4f}")
'''


def _cross_validate(p) -> str:
    seeds = f"[(seed + i) % 1000 for i in range({p.splits})]".replace("seed", str(p.seed))
    if p.model == "CNN":
        script = cnn.code(cnn.Params(epochs=p.epochs, seed=_SEED)).replace(str(_SEED), "seed")
        body = textwrap.indent(script, "    ")
        return f'''\
import numpy as np


def cnn_test_accuracy(seed):
    """The CNN filters page's training script, on the split of this seed."""
{body}
    return test_accuracy


# The CNN is torch code, not a scikit-learn estimator: one training per split.
scores = np.array([cnn_test_accuracy(seed) for seed in {seeds}])
value = scores.mean()
print("test accuracy per split:", np.round(scores, 4))
print(f"mean {{value:.4f}}, standard deviation {{scores.std():.4f}}")
'''
    return _data(p.seed) + _pipeline(p) + f'''from sklearn.model_selection import cross_val_score

# Each split is a stratified quarter held out, as above, with another seed.
splits = [train_test_split(np.arange(len(y)), test_size={cnn.TEST_SHARE}, stratify=y, random_state=seed)
          for seed in {seeds}]
scores = cross_val_score(pipe, X, y, cv=splits)
value = scores.mean()
print("test accuracy per split:", np.round(scores, 4))
print(f"mean {{value:.4f}}, standard deviation {{scores.std():.4f}}")
'''


def _metrics(p) -> str:
    return _fitted(p) + f'''
from sklearn.metrics import confusion_matrix, f1_score

predicted, confidence = proba.argmax(axis=1), proba.max(axis=1)
print(confusion_matrix(y_test, predicted))  # rows: true digit, columns: predicted
wrong = np.flatnonzero(predicted != y_test)
wrong = wrong[np.argsort(-confidence[wrong], kind="stable")][:{N_WRONG}]
for i in wrong:
    print(f"test image {{i}}: a {{y_test[i]}}, predicted {{predicted[i]}}, probability {{confidence[i]:.2f}}")
value = f1_score(y_test, predicted, average="macro")
print(f"macro F1 {{value:.4f}}")
'''


def _save(p) -> str:
    if p.model == "CNN":
        return _fitted(p) + '''
import io

buffer = io.BytesIO()  # in memory; a file name works the same
torch.save(model.state_dict(), buffer)  # the weights only
value = len(buffer.getvalue())

import copy

loaded = copy.deepcopy(model)  # a network of the same shape, its weights then wiped
with torch.no_grad():
    for w in loaded.parameters():
        w.zero_()
loaded.load_state_dict(torch.load(io.BytesIO(buffer.getvalue()), weights_only=True))
loaded.eval()
with torch.no_grad():
    same = int((loaded(xt).argmax(dim=1) == model(xt).argmax(dim=1)).sum())
print(f"{value:,} bytes; the loaded network predicts {same} of {len(yt)} test images as before")
'''
    if p.format == "skops":
        save = '''import skops.io as sio

data = sio.dumps(pipe)  # no pickle inside
untrusted = sio.get_untrusted_types(data=data)
print("types to trust before loading:", untrusted)  # read them before trusting a file
loaded = sio.loads(data, trusted=untrusted)  # our own file, written a line above
'''
    else:
        save = '''import io

import joblib

buffer = io.BytesIO()  # in memory; a file name works the same
joblib.dump(pipe, buffer)
data = buffer.getvalue()
loaded = joblib.load(io.BytesIO(data))  # a pickle: load only files you wrote yourself
'''
    return _fitted(p) + "\n" + save + '''value = len(data)
same = np.sum(loaded.predict_proba(X_test).argmax(axis=1) == proba.argmax(axis=1))
print(f"{value:,} bytes; the loaded model predicts {same} of {len(y_test)} test images as before")
'''


def _draw(p) -> str:
    downscale = inspect.getsource(cnn.downscale)
    if p.model == "CNN":
        answer = '''with torch.no_grad():
    probabilities = torch.softmax(model(as_input(image[None])), dim=1).numpy()[0]
'''
    else:
        answer = "probabilities = pipe.predict_proba(image.reshape(1, 64))[0]\n"
    return _fitted(p) + f'''

{downscale}

# A drawing is ink on a canvas of any size (a 2-D array, 0-255): downscale(ink) gives the
# 8x8 image the model reads. Until you have one, test image {p.image} stands in.
image = X_test[{p.image}].reshape(8, 8)
{answer}value = probabilities.max()
print("probabilities:", np.round(probabilities, 3))
print(f"it says {{probabilities.argmax()}} with probability {{value:.3f}}")
'''
