/** Fashion-MNIST's class names, class 0 first: names that are not digits, some with spaces. */
export const FASHION_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
