from mdl_prune import data, network, train


def test_fit_digits_smoke(digits):
    net = network.TwoLayerNet.create(digits.n_features, 16, digits.n_classes, seed=0)
    trained, hist = train.fit(net, digits.X_train, digits.y_train, epochs=3, seed=0)
    assert trained.accuracy(digits.X_test, digits.y_test) > 0.8
    assert hist.loss[-1] < hist.loss[0]
