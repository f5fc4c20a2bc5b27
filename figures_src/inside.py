"""Figures of the chapter "신경망의 내부 / Looking inside a neural network" (after ml4a)."""
from book.data import mnist_arrays
from book.draw import confusion, diagrams, grids
from book.models import predict_proba
from book.registry import figure
from book.train import Spec, data_for

# The 1-layer network: 784 pixels straight into 10 softmax outputs (softmax regression).
MNIST_LINEAR = Spec("mnist_linear", data="mnist", arch="mlp",
                    arch_args={"in_dim": 784, "out_dim": 10}, epochs=5, batch_size=100, lr=0.5)


@figure("network_1layer")
def network_1layer(ctx):
    labels = {(1, i): d for i, d in enumerate(ctx.t.list("digits"))}
    return diagrams.network(ctx, [784, 10], [ctx.t("input_layer"), ctx.t("output_layer")],
                            node_labels=labels, max_nodes=12)


def _linear_weights(ctx):
    net = ctx.model(MNIST_LINEAR)
    layer = net.model[-1]
    return layer.weight.detach().numpy()


@figure("weights_zero", kind="png", models=[MNIST_LINEAR])
def weights_zero(ctx):
    w = _linear_weights(ctx)
    return grids.weight_templates(ctx, w[:1], [ctx.t("zero_neuron_title")], ncols=1, cell=3.0)


@figure("weights_all", kind="png", models=[MNIST_LINEAR])
def weights_all(ctx):
    w = _linear_weights(ctx)
    titles = [ctx.t("neuron_for", d=d) for d in ctx.t.list("digits")]
    return grids.weight_templates(ctx, w, titles, ncols=5)


@figure("confusion_linear", models=[MNIST_LINEAR])
def confusion_linear(ctx):
    net = ctx.model(MNIST_LINEAR)
    _, test = data_for(MNIST_LINEAR)
    predicted = predict_proba(net.model, test.x).argmax(1).numpy()
    cm = confusion.confusion_matrix(test.y.numpy(), predicted, 10)
    ctx.metric("mnist_linear.test_correct", int(cm.trace()))
    ctx.metric("mnist_linear.test_total", int(cm.sum()))
    off = cm.copy()
    off[range(10), range(10)] = 0
    worst = divmod(int(off.argmax()), 10)
    ctx.metric("mnist_linear.worst_true", worst[0])
    ctx.metric("mnist_linear.worst_predicted", worst[1])
    ctx.metric("mnist_linear.worst_count", int(off.max()))
    return confusion.draw_confusion(ctx, cm, ctx.t.list("digits"))
