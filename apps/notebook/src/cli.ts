console.log('notebook');
