"""The networks and how they learn: architectures and their trainers, one module per family
(mlp: fully connected nets; cnn: convolutional nets and batch normalization; recurrent, gates,
clipping: sequence models; generative: autoencoders and GANs; toys, interval, soft_knn,
twist_flow: the 2-D toy nets of the topology chapter; numpy_mlp: backpropagation by hand;
subsets: training on the first n images of a data set), and
train, which trains any of them from a `Spec` and caches the weights by content hash.
May import book.core and book.data, nothing above.
"""
