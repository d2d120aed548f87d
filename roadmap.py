"""The roadmap as data: every topic of the "Machine Learning in Python" roadmap, by section.

This one registry drives both the sidebar navigation (``app.py``) and the home page,
so the home page cannot drift from what is really there: a topic with a ``page`` is a
link, a topic without one is shown as coming. ``seed`` holds the roadmap's own words
for what the topic covers (``docs/roadmap-seed.md``); a test checks that every item of
the roadmap is covered by some topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parent


@dataclass(frozen=True)
class Topic:
    title: str
    blurb: str  # one line: what the page lets you do
    seed: tuple[str, ...]  # the roadmap's words this topic covers
    page: str | None = None  # file under views/ once the explorer has landed
    icon: str = ":material/circle:"

    @property
    def url_path(self) -> str:
        # The file's stem, as Streamlit itself derives it: a different slug makes a
        # deep link flash "page not found" on its first run (Streamlit 1.67).
        return Path(self.page).stem if self.page else ""


def T(title, blurb, *seed, page=None, icon=":material/circle:"):
    return Topic(title, blurb, tuple(seed), page, icon)


SECTIONS: dict[str, list[Topic]] = {
    "Foundations": [
        T("Python, NumPy & pandas", "A pandas chain row by row, broadcasting, and a loop timed against NumPy.",
          "Python basics", "variables", "data types", "loops", "functions", "Libraries", "NumPy",
          "Pandas", "Matplotlib", "Seaborn", page="views/numpy_pandas.py", icon=":material/table_chart:"),
        T("Vectors & matrices", "A 2×2 matrix moving the plane: determinant, eigenvectors, products.",
          "Linear Algebra", "Vectors", "Matrices", "Matrix multiplication",
          page="views/linear_algebra.py", icon=":material/transform:"),
        T("Derivatives & integrals", "Slide a tangent and a Riemann sum along a curve; partial derivatives on a surface.",
          "Calculus", "Derivatives", "Integrals", "Partial Derivatives",
          page="views/calculus.py", icon=":material/functions:"),
        T("Probability & Bayes", "Sample from distributions, watch mean and variance settle, update a prior with Bayes' theorem.",
          "Probability & Statistics", "Mean", "Median", "Variance", "Probability Distributions", "Bayes’ Theorem",
          page="views/probability.py", icon=":material/casino:"),
    ],
    "Intro to ML": [
        T("What is machine learning?",
          "One table given to a decision tree, to k-means and to an agent that learns from reward.",
          "What is Machine Learning?", "Types of Machine Learning", "Supervised", "Unsupervised",
          "Reinforcement Learning", page="views/what_is_ml.py", icon=":material/psychology:"),
        T("Overfitting & bias-variance", "Refit a model on many resampled training sets and split its test error into bias², variance and noise.",
          "Overfitting and Underfitting", "Bias-Variance Tradeoff",
          page="views/bias_variance.py", icon=":material/stacked_line_chart:"),
        T("Cross-validation", "Six splitters' folds drawn on the data, the real spread of their scores, a leak, and nested CV.",
          "Cross-validation", "Model Selection and Validation", "Train-test split", "K-fold cross-validation",
          page="views/cross_validation.py", icon=":material/view_week:"),
    ],
    "Data preprocessing": [
        T("Scaling, encoding & imputation",
          "Eight scalers before k-NN, gaps filled five ways, categories encoded three: each in a pipeline.",
          "Data Preprocessing", "Scaling", "Encoding", "Imputation", "Handling Missing Values",
          page="views/preprocessing.py", icon=":material/tune:"),
        T("Outliers",
          "Click outliers onto a line: six detectors flag them, and least squares tilts where robust fits hold.",
          "Data Cleaning", "Dealing with Outliers", page="views/outliers.py", icon=":material/crisis_alert:"),
        T("Feature extraction & selection", "Build features, then keep the ones that carry signal.",
          "Feature Engineering", "Feature Extraction", "Feature Selection",
          page="views/feature_selection.py", icon=":material/filter_alt:"),
    ],
    "Supervised learning": [
        T("Linear & polynomial regression", "Least squares beside gradient descent, with residuals and the loss surface.",
          "Regression", "Linear Regression", "Polynomial Regression", "Algorithms",
          page="views/linear_regression.py", icon=":material/trending_up:"),
        T("Regularization", "Ridge, Lasso and Elastic Net: turn alpha up and watch coefficients shrink, or snap to exactly zero.",
          "Regularization", "Ridge", "Lasso",
          page="views/regularization.py", icon=":material/compress:"),
        T("Logistic regression", "The sigmoid of a linear score, its boundary, and the decision threshold.",
          "Classification", "Logistic Regression",
          page="views/logistic_regression.py", icon=":material/timeline:"),
        T("Support vector machines", "Kernels, C and gamma; margins and support vectors highlighted.",
          "Support Vector Machines", "SVM", page="views/svm.py", icon=":material/linear_scale:"),
        T("Decision trees", "A tree diagram in step with the rectangles it carves.", "Decision Trees",
          page="views/decision_tree.py", icon=":material/account_tree:"),
        T("Random forests & bagging", "Many trees' boundaries against the forest's, and the out-of-bag score.",
          "Ensemble Methods", "Random Forest",
          page="views/random_forest.py", icon=":material/forest:"),
        T("Gradient boosting & XGBoost", "Stage by stage, each tree fitting the residuals; scikit-learn beside XGBoost.",
          "Gradient Boosting", "XGBoost", page="views/gradient_boosting.py", icon=":material/stacked_line_chart:"),
        T("k-nearest neighbours", "From jagged k = 1 to over-smooth, with a chosen point's neighbours.", "KNN",
          page="views/knn.py", icon=":material/hub:"),
        T("Classifier comparison", "Every classifier on the same data: boundaries, accuracy and fit time.",
          page="views/comparison.py", icon=":material/grid_view:"),
    ],
    "Unsupervised learning": [
        T("K-means", "Step through Lloyd's iterations; elbow and silhouette beside them.", "Clustering", "K-Means",
          page="views/kmeans.py", icon=":material/scatter_plot:"),
        T("Hierarchical clustering", "A dendrogram with its cut, and the clusters it yields.", "Hierarchical Clustering",
          page="views/hierarchical.py", icon=":material/account_tree:"),
        T("DBSCAN", "Core, border and noise points, a k-distance plot to pick eps, and k-means on the same shapes.",
          "DBSCAN", page="views/dbscan.py", icon=":material/bubble_chart:"),
        T("PCA & LDA", "Principal axes over the points, explained variance, and PCA against LDA.",
          "Dimensionality Reduction", "PCA", "LDA", page="views/pca_lda.py", icon=":material/3d_rotation:"),
        T("t-SNE", "Watch an embedding form, and learn what its cluster sizes and gaps do not mean.", "t-SNE",
          page="views/tsne.py", icon=":material/blur_on:"),
    ],
    "Deep learning": [
        T("Tensors & autograd", "Broadcasting and dtypes, the graph autograd records, one network in PyTorch and Keras.",
          "PyTorch", "Tensors and Dynamic Computation Graphs",
          page="views/tensors.py", icon=":material/account_tree:"),
        T("Neural-network playground", "Train a network in the browser's view: surfaces, neurons, weights, loss.",
          "Neural Networks", "Neural Networks Basics", "Feedforward Neural Networks", "Building Neural Networks",
          "TensorFlow and Keras", "Building and Training Models", "Handling Data with Datasets",
          page="views/playground.py", icon=":material/neurology:"),
        T("Backpropagation, step by step", "Every forward value and every gradient of a 2-2-1 network, checked against autograd.",
          "Backpropagation and Optimization", page="views/backprop.py", icon=":material/undo:"),
        T("Optimizers", "SGD, momentum, RMSprop and Adam racing over loss surfaces.", "Training and Optimization",
          page="views/optimizers.py", icon=":material/route:"),
        T("Convolution & pooling", "Slide a kernel over an image, one multiply-and-sum at a time.",
          "Convolutional Neural Networks (CNNs)", "Convolutional Layers", "Pooling Layers",
          page="views/convolution.py", icon=":material/blur_on:"),
        T("CNN filters", "Train a small CNN on digits and look at what its filters learned.",
          "Applications in Image Processing", page="views/cnn_filters.py", icon=":material/grid_on:"),
        T("RNN, LSTM & GRU", "Why gates let a network remember over a growing delay.",
          "Recurrent Neural Networks (RNNs)", "LSTM, GRU", "Applications in Time Series and NLP",
          page="views/rnn.py", icon=":material/replay:"),
    ],
    "Evaluation & deployment": [
        T("Classification metrics & ROC", "Move the threshold: confusion matrix, precision, recall, F1 and the ROC curve.",
          "Metrics", "Accuracy, Precision, Recall, F1-Score", "ROC-AUC",
          page="views/metrics.py", icon=":material/rule:"),
        T("Hyperparameter search",
          "Grid, random, successive halving and TPE on the same budget, over a real CV landscape.",
          "Hyperparameter Tuning", "Grid Search", "Random Search",
          page="views/hyperparameter_search.py", icon=":material/manage_search:"),
        T("Saving & serving models", "Save a model safely, load it back, and serve predictions over HTTP.",
          "Model Deployment", "Saving and Loading Models", "Using Flask/Django for deployment",
          page="views/serving.py", icon=":material/cloud_upload:"),
    ],
    "NLP": [
        T("Text preprocessing", "Tokenise, stem and vectorise text, and see the bag of words.",
          "Natural Language Processing (NLP)", "Text Preprocessing", page="views/text_preprocessing.py",
          icon=":material/text_fields:"),
        T("Sentiment analysis", "A lexicon scorer beside a trained classifier, word by word.", "Sentiment Analysis",
          page="views/sentiment.py", icon=":material/sentiment_satisfied:"),
        T("Transformers & attention", "Attention weights of a small BERT-family encoder, head by head.",
          "Transformers and BERT", page="views/attention.py", icon=":material/center_focus_strong:"),
    ],
    "Time series": [
        T("ARIMA", "Difference, read ACF and PACF, fit, and forecast with intervals against the truth.",
          "Time Series Analysis", "ARIMA", page="views/arima.py", icon=":material/timeline:"),
        T("Forecasting honestly", "Naive, ARIMA and an LSTM under walk-forward validation, and what leakage does.",
          "LSTMs for Time Series", "Stock Price Prediction",
          page="views/forecasting.py", icon=":material/query_stats:"),
    ],
    "Reinforcement learning": [
        T("MDPs & dynamic programming", "Edit a grid world and watch value iteration sweep it.",
          "Reinforcement Learning", "Markov Decision Processes",
          page="views/mdp.py", icon=":material/grid_on:"),
        T("Q-learning grid worlds", "Q-tables filling in on FrozenLake and CliffWalking; Q-learning against SARSA.",
          "Q-Learning", page="views/q_learning.py", icon=":material/grid_on:"),
        T("Deep Q-learning", "A small Q-network balancing CartPole, with replay and a target network.",
          "Deep Q-Learning", page="views/dqn.py", icon=":material/sports_esports:"),
    ],
    "Projects": [
        T("Image classification", "From pixels to a trained classifier on handwritten digits, end to end.",
          "Projects", "Examples", "Implement various machine learning projects to apply the learned concepts",
          "Image Classification", page="views/image_project.py", icon=":material/draw:"),
        T("Sentiment analysis project", "From raw reviews to a deployed sentiment model, end to end.",
          "Sentiment Analysis", page="views/sentiment_project.py", icon=":material/rate_review:"),
    ],
}


def topics():
    """Every topic with its section, in roadmap order."""
    return [(section, topic) for section, items in SECTIONS.items() for topic in items]


def live_topics():
    """The topics whose page has landed."""
    return [(section, topic) for section, topic in topics() if topic.page]


def start_here(n: int = 3):
    """The pages a newcomer should open first: the roadmap's first live topics, since its
    order is the order to learn in (the home page's "Start here" line)."""
    return [topic for _, topic in live_topics()[:n]]
